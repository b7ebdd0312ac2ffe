#include "tools/sim/device.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "tools/sim/device_context.hpp"
#include "tools/sim/error.hpp"

namespace fl::sim {

DeviceOptions device_for_reader(const timing::ReaderConfig& r) {
    DeviceOptions d;
    d.name = r.name;
    d.protocol = r.protocol;
    const auto& meet = timing::device_connects(d.protocol) ? r.listen : r.connect;
    if (!meet)
        throw Error(fmt::format("reader '{}' has no {} address", r.name, timing::device_connects(d.protocol) ? "listen" : "connect"));
    d.endpoint = *meet;
    if (!r.timing_point.empty()) d.points.push_back(r.timing_point);
    for (const auto& [location, point] : r.locations) {
        if (std::find(d.points.begin(), d.points.end(), point) == d.points.end()) d.points.push_back(point);
        d.location_names[point] = location;
    }
    return d;
}

void DeviceStats::set_error(std::string e) {
    std::lock_guard lock(mutex_);
    if (error_.empty()) error_ = std::move(e);
}

Progress DeviceStats::snapshot() const {
    Progress p;
    p.name = name;
    p.protocol = protocol;
    p.endpoint = endpoint;
    p.planned = planned;
    p.sent = sent;
    p.acked = acked;
    p.resent = resent;
    p.connections = connections;
    p.drops = drops;
    p.connected = connected;
    p.done = done;
    p.listen_port = listen_port;
    std::lock_guard lock(mutex_);
    p.error = error_;
    return p;
}

void spawn_device(const boost::asio::any_io_executor& executor, std::shared_ptr<const Plan> plan,
                  DeviceOptions options, timing::Clock clock, std::shared_ptr<DeviceStats> stats,
                  std::function<void()> done) {
    if (!plan) throw Error("spawn_device: no plan");
    if (stats->name.empty()) {  // a Simulator fills these in before any thread can read them
        stats->name = options.name;
        stats->protocol = options.protocol;
        stats->endpoint = options.endpoint.to_string();
    }
    auto ctx = std::make_shared<detail::DeviceContext>(std::move(plan), std::move(options), clock, stats);
    auto play = [&]() -> detail::awaitable<void> {
        switch (ctx->options.protocol) {
            case Protocol::chronotrack: return detail::play_chronotrack(ctx);
            case Protocol::mylaps: return detail::play_mylaps(ctx);
            case Protocol::raceresult: return detail::play_raceresult(ctx);
            case Protocol::bibscan: return detail::play_bibscan(ctx);
        }
        throw Error("unknown protocol");
    };
    boost::asio::co_spawn(boost::asio::make_strand(executor), play(),
                          [ctx, done = std::move(done)](std::exception_ptr e) {
                              if (e) {
                                  try {
                                      std::rethrow_exception(e);
                                  } catch (const std::exception& x) {
                                      ctx->stats->set_error(fmt::format("{}: {}", ctx->options.name, x.what()));
                                  }
                              }
                              ctx->stats->connected = false;
                              ctx->stats->done = true;
                              if (done) done();
                          });
}

}  // namespace fl::sim
