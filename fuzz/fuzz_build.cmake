# Included by the top-level CMakeLists.txt when FL_FUZZ=ON, before the packages are found.
# Configure with: -DFL_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 (tools/fuzz.sh does this).
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "FL_FUZZ=ON needs clang (libFuzzer): configure a separate build dir with "
                      "-DCMAKE_CXX_COMPILER=clang++-14, or run tools/fuzz.sh")
endif()
# Everything we compile gets coverage instrumentation and ASan + UBSan; the fuzzer executables
# add the libFuzzer runtime (fuzz/CMakeLists.txt).
set(FL_SANITIZE "fuzzer-no-link,address,undefined")
# toml++ stays the packaged shared library (gcc-built, NDEBUG), linked as it ships, like fmt,
# date-tz and sqlite: the fuzzers see no coverage inside it, only in our config loader around
# it. Compiling it header-only with clang instead (instrumented) stops the fuzzer within a minute
# on two upstream toml++ 3.3 bugs that the packaged build does not show: a debug assertion in
# parse_key and UB (a reachable TOML_UNREACHABLE) in is_non_ascii_horizontal_whitespace,
# marzer/tomlplusplus#190 / #295, fixed upstream by PR #305. Both inputs are kept in
# fuzz/regressions/config/ and replayed against the packaged library by tests/fuzz.
