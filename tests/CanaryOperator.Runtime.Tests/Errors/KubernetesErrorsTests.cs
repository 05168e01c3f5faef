using System.Net;
using CanaryOperator.Runtime.Errors;
using CanaryOperator.Runtime.Tests.Support;
using FluentAssertions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace CanaryOperator.Runtime.Tests.Errors;

public class KubernetesErrorsTests
{
    [Theory]
    [InlineData(HttpStatusCode.NotFound, "NotFound", KubernetesErrorKind.NotFound)]
    [InlineData(HttpStatusCode.Conflict, "Conflict", KubernetesErrorKind.Conflict)]
    [InlineData(HttpStatusCode.Conflict, "AlreadyExists", KubernetesErrorKind.AlreadyExists)]
    [InlineData(HttpStatusCode.UnprocessableEntity, "Invalid", KubernetesErrorKind.Invalid)]
    [InlineData(HttpStatusCode.Gone, "Expired", KubernetesErrorKind.Gone)]
    [InlineData(HttpStatusCode.TooManyRequests, "TooManyRequests", KubernetesErrorKind.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError", KubernetesErrorKind.ServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", KubernetesErrorKind.ServerError)]
    [InlineData(HttpStatusCode.GatewayTimeout, "Timeout", KubernetesErrorKind.Timeout)]
    [InlineData(HttpStatusCode.InternalServerError, "ServerTimeout", KubernetesErrorKind.Timeout)]
    [InlineData(HttpStatusCode.Forbidden, "Forbidden", KubernetesErrorKind.Forbidden)]
    public async Task Classifies_failed_calls_made_through_the_real_client(HttpStatusCode status, string reason, KubernetesErrorKind expected)
    {
        var body = $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"m","reason":"{{reason}}","code":{{(int)status}}}""";
        using var handler = new StubApiHandler(_ => (status, body));
        using var client = StubApiHandler.Client(handler);

        var thrown = await FluentActions.Awaiting(() => client.AppsV1.ReadNamespacedReplicaSetAsync("rs", "ns"))
            .Should().ThrowAsync<HttpOperationException>();

        KubernetesErrors.Classify(thrown.Which).Should().Be(expected);
        KubernetesErrors.StatusCode(thrown.Which).Should().Be((int)status);
    }

    [Fact]
    public void Classifies_watch_stream_errors_by_status_code()
    {
        var gone = new KubernetesException(new V1Status { Code = 410, Reason = "Expired" });

        KubernetesErrors.IsGone(gone).Should().BeTrue();
        KubernetesErrors.Classify(new KubernetesException(new V1Status { Code = 500 })).Should().Be(KubernetesErrorKind.ServerError);
    }

    [Fact]
    public void Classifies_timeouts_and_transport_failures()
    {
        KubernetesErrors.Classify(new TaskCanceledException("timeout", new TimeoutException())).Should().Be(KubernetesErrorKind.Timeout);
        KubernetesErrors.Classify(new TimeoutException()).Should().Be(KubernetesErrorKind.Timeout);
        KubernetesErrors.Classify(new HttpRequestException("connection refused")).Should().Be(KubernetesErrorKind.Transport);
        KubernetesErrors.Classify(new IOException("reset")).Should().Be(KubernetesErrorKind.Transport);
        KubernetesErrors.Classify(new InvalidOperationException()).Should().Be(KubernetesErrorKind.None);
        KubernetesErrors.Classify(null).Should().Be(KubernetesErrorKind.None);
    }

    [Fact]
    public void Helpers_group_the_kinds_a_controller_acts_on()
    {
        var conflict = Http(HttpStatusCode.Conflict);
        var alreadyExists = Http(HttpStatusCode.Conflict, """{"reason":"AlreadyExists"}""");

        KubernetesErrors.IsConflict(conflict).Should().BeTrue();
        KubernetesErrors.IsConflict(alreadyExists).Should().BeTrue();
        KubernetesErrors.IsAlreadyExists(conflict).Should().BeFalse();
        KubernetesErrors.IsAlreadyExists(alreadyExists).Should().BeTrue();
        KubernetesErrors.IsNotFound(Http(HttpStatusCode.NotFound, "not json")).Should().BeTrue();
        KubernetesErrors.IsInvalid(Http(HttpStatusCode.UnprocessableEntity)).Should().BeTrue();
        KubernetesErrors.IsTooManyRequests(Http(HttpStatusCode.TooManyRequests)).Should().BeTrue();
        KubernetesErrors.IsTransient(Http(HttpStatusCode.ServiceUnavailable)).Should().BeTrue();
        KubernetesErrors.IsTransient(Http(HttpStatusCode.UnprocessableEntity)).Should().BeFalse();
        KubernetesErrors.IsTransient(Http(HttpStatusCode.NotFound)).Should().BeFalse();
    }

    private static HttpOperationException Http(HttpStatusCode status, string body = "")
    {
        using var response = new HttpResponseMessage(status);
        return new HttpOperationException("failed") { Response = new HttpResponseMessageWrapper(response, body) };
    }
}
