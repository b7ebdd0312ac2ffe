// The libFuzzer entry point for one target (FL_FUZZ_TARGET, set per executable in
// fuzz/CMakeLists.txt). A violated property or an exception escaping the code under test is
// reported and aborts, which libFuzzer records as a crash with its input.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <typeinfo>

#include "fuzz/targets/targets.hpp"
#include "fuzz/targets/violation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        (void)fl::fuzz::FL_FUZZ_TARGET(fl::fuzz::Bytes(data, size));
    } catch (const fl::fuzz::Violation& v) {
        std::fprintf(stderr, "\n== property violated: %s\n", v.what());
        std::abort();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "\n== exception escaped the code under test: %s: %s\n",
                     typeid(e).name(), e.what());
        std::abort();
    }
    return 0;
}
