@testable import FeedMetrics
import Testing

@Suite struct ExpositionFormatTests {
    @Test(arguments: [
        (nil, ExpositionFormat.prometheusText),
        ("*/*", .prometheusText),
        ("text/plain", .prometheusText),
        ("text/plain;version=0.0.4", .prometheusText),
        // What Prometheus 2.x sends.
        ("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", .openMetrics),
        ("application/openmetrics-text", .openMetrics),
        ("Application/OpenMetrics-Text; version=1.0.0", .openMetrics),
        ("application/openmetrics-text;q=0.3, text/plain", .prometheusText),
        ("application/openmetrics-text;q=0", .prometheusText),
        ("text/html", .prometheusText),
    ] as [(String?, ExpositionFormat)])
    func negotiatesFromAccept(accept: String?, expected: ExpositionFormat) {
        #expect(ExpositionFormat.negotiate(accept: accept) == expected)
    }

    @Test func openMetricsNamesCounterAndInfoFamiliesWithoutTheirSuffix() {
        let text = """
        # HELP feedd_polls_total Polls.
        # TYPE feedd_polls_total counter
        feedd_polls_total{result="fetched"} 3
        # HELP feedd_build_info Build.
        # TYPE feedd_build_info gauge
        feedd_build_info{version="1"} 1.0
        # TYPE feedd_feeds gauge
        feedd_feeds{state="ok"} 2.0
        # HELP feedd_fetch_duration_seconds Time.
        # TYPE feedd_fetch_duration_seconds histogram
        feedd_fetch_duration_seconds_bucket{le="+Inf"} 1
        feedd_fetch_duration_seconds_sum 0.5
        feedd_fetch_duration_seconds_count 1

        """
        let converted = String(decoding: OpenMetricsText.convert(Array(text.utf8)), as: UTF8.self)
        #expect(converted == """
        # HELP feedd_polls Polls.
        # TYPE feedd_polls counter
        feedd_polls_total{result="fetched"} 3
        # HELP feedd_build Build.
        # TYPE feedd_build info
        feedd_build_info{version="1"} 1.0
        # TYPE feedd_feeds gauge
        feedd_feeds{state="ok"} 2.0
        # HELP feedd_fetch_duration_seconds Time.
        # TYPE feedd_fetch_duration_seconds histogram
        feedd_fetch_duration_seconds_bucket{le="+Inf"} 1
        feedd_fetch_duration_seconds_sum 0.5
        feedd_fetch_duration_seconds_count 1
        # EOF

        """)
    }
}
