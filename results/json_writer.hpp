#pragma once
// A small streaming JSON writer: objects, arrays, escaped strings. Output is compact and
// byte-for-byte deterministic (keys in the order written).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fl::results {

class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view k);
    JsonWriter& value(std::string_view v);
    JsonWriter& value(const char* v) { return value(std::string_view(v)); }
    JsonWriter& value(const std::string& v) { return value(std::string_view(v)); }
    JsonWriter& value(std::int64_t v);
    JsonWriter& value(int v) { return value(std::int64_t{v}); }
    JsonWriter& value(std::uint64_t v);
    JsonWriter& value(double v);
    JsonWriter& value(bool v);
    JsonWriter& null();
    template <class T>
    JsonWriter& value(const std::optional<T>& v) {
        return v ? value(*v) : null();
    }
    template <class T>
    JsonWriter& field(std::string_view k, const T& v) {
        key(k);
        return value(v);
    }

    std::string take() { return std::move(out_); }
    static std::string escape(std::string_view s);

private:
    void separate();
    std::string out_;
    std::vector<bool> first_;  // per open container: nothing written yet
    bool after_key_ = false;
};

}  // namespace fl::results
