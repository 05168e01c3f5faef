namespace CanaryOperator.Benchmarks.Planner;

/// <summary>
/// The "complex" Rollout of figure 6: two VirtualServices (one with two http routes, one with an http and a tls
/// route), a DestinationRule, setCanaryScale steps and dynamicStableScale.
/// </summary>
internal static class ComplexScenario
{
    public const string Yaml = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: shop
          namespace: shop
        spec:
          replicas: 10
          revisionHistoryLimit: 10
          selector:
            matchLabels:
              app: shop
          workloadRef:
            apiVersion: apps/v1
            kind: Deployment
            name: shop
          strategy:
            canary:
              dynamicStableScale: true
              maxSurge: "25%"
              maxUnavailable: 1
              trafficRouting:
                istio:
                  virtualServices:
                  - name: shop-public
                    routes: [primary, secondary]
                  - name: shop-mesh
                    routes: [mesh-http]
                    tlsRoutes:
                    - port: 443
                      sniHosts: [shop.example.com]
                  destinationRule:
                    name: shop
                    canarySubsetName: canary
                    stableSubsetName: stable
              steps:
              - setCanaryScale: {replicas: 2}
              - setWeight: 10
              - pause: {}
              - setCanaryScale: {matchTrafficWeight: true}
              - setWeight: 30
              - pause: {duration: 30s}
              - setCanaryScale: {weight: 60}
              - setWeight: 60
              - pause: {duration: 1m}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: shop
          namespace: shop
        spec:
          replicas: 0
          selector:
            matchLabels:
              app: shop
          template:
            metadata:
              labels:
                app: shop
            spec:
              containers:
              - name: shop
                image: registry.example/shop:v1
                ports:
                - containerPort: 8080
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: VirtualService
        metadata:
          name: shop-public
          namespace: shop
        spec:
          hosts: [shop.example.com]
          gateways: [istio-system/public]
          http:
          - name: primary
            match:
            - uri: {prefix: /api}
            route: [{destination: {host: shop, subset: stable}, weight: 100}, {destination: {host: shop, subset: canary}, weight: 0}]
          - name: secondary
            route: [{destination: {host: shop, subset: stable}, weight: 100}, {destination: {host: shop, subset: canary}, weight: 0}]
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: VirtualService
        metadata:
          name: shop-mesh
          namespace: shop
        spec:
          hosts: [shop, shop.example.com]
          http:
          - name: mesh-http
            route: [{destination: {host: shop, subset: stable}, weight: 100}, {destination: {host: shop, subset: canary}, weight: 0}]
          tls:
          - match:
            - port: 443
              sniHosts: [shop.example.com]
            route: [{destination: {host: shop, subset: stable}, weight: 100}, {destination: {host: shop, subset: canary}, weight: 0}]
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: DestinationRule
        metadata:
          name: shop
          namespace: shop
        spec:
          host: shop
          subsets:
          - name: canary
            labels: {app: shop}
          - name: stable
            labels: {app: shop}
        """;
}
