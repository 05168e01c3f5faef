namespace CanaryOperator.Runtime.Errors;

/// <summary>What a failed Kubernetes API call means to a controller.</summary>
public enum KubernetesErrorKind
{
    /// <summary>Not an error from the API server or its transport.</summary>
    None,
    BadRequest,
    Unauthorized,
    Forbidden,

    /// <summary>404: the object (or its namespace) does not exist. Level-based controllers read it as "deleted".</summary>
    NotFound,

    /// <summary>409 on update/patch: someone else changed the object (stale resourceVersion). Re-read and retry.</summary>
    Conflict,

    /// <summary>409 on create: the object already exists.</summary>
    AlreadyExists,

    /// <summary>410: the resourceVersion is too old (watch or continue token expired). Relist.</summary>
    Gone,

    /// <summary>422: the object failed validation. Retrying the same write will fail again.</summary>
    Invalid,

    /// <summary>429: throttled by API priority and fairness. Retry later.</summary>
    TooManyRequests,

    /// <summary>5xx other than timeouts.</summary>
    ServerError,

    /// <summary>408/504, server-side timeouts, client timeouts.</summary>
    Timeout,

    /// <summary>Connection refused/reset, DNS, TLS: the API server could not be reached.</summary>
    Transport,

    /// <summary>Any other HTTP status.</summary>
    Other,
}
