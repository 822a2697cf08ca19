#ifndef FEEDD_CLIBFUZZER_SHIM_H
#define FEEDD_CLIBFUZZER_SHIM_H

#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver, in the runtime that `-sanitize=fuzzer` links. SwiftPM gives every
// executable its own `main`, so the harnesses start libFuzzer from there instead of using
// the `main` libFuzzer brings.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
