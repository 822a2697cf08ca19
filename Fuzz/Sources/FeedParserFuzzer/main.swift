import FuzzChecks

// libFuzzer feeds each input, framed as `ParserFuzzInput` describes, to the parser's properties.
FuzzerDriver.run { data, size in
    ParserProperties.check(ParserFuzzInput(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
