/// How an HTTP status reads in a log line: "HTTP 404 Not Found".
public enum HTTPStatusText {
    /// "HTTP <status> <reason>".
    public static func describe(_ status: Int) -> String {
        "HTTP \(status) \(reason(status))"
    }

    /// The reason phrase of the common statuses, else what class of status it is.
    public static func reason(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 451: "Unavailable For Legal Reasons"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 0: "(no HTTP status)"
        default: status >= 500 ? "server error" : status >= 400 ? "client error" : "unexpected status"
        }
    }
}
