#include <fmt/format.h>

#include "ingest/public_url.hpp"
#include "results/error.hpp"
#include "results/png_file.hpp"
#include "results/qr_code.hpp"
#include "results/qr_sign.hpp"
#include "timing/race_file.hpp"
#include "tools/commands/command.hpp"

namespace fl::cli {

void add_qr(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "qr", "Write the QR code of the race's live results address as a PNG to print on a sign");
    static std::string race, output;
    static int size = 1200;
    cmd->add_option("RACE", race, "Race file (its config has a [web] section)")->required();
    cmd->add_option("-o,--output", output, "The PNG file to write (e.g. sign.png)")->required();
    cmd->add_option("--size", size, "Width of the code with its quiet zone, in pixels")
        ->check(CLI::Range(200, 20000))
        ->capture_default_str();
    cmd->footer(
        "The code holds [web] public_url, written under it so that it can also be typed. Error "
        "correction M: the code still scans with 15% of it dirty or in glare.");
    cmd->callback([] {
        const timing::RaceFile file(race, timing::RaceFile::Access::read_only);
        const auto& web = file.config().web;
        if (!web)
            throw results::Error(fmt::format(
                "{} has no [web] section in its config, so phones have no address to open: add "
                "[web] with listen = \"0.0.0.0:8080\" (where finishline serve answers phones) and "
                "public_url = \"http://<this laptop's address on the venue network>:8080/\" (what "
                "the QR code holds) to the race config, then run finishline init {} --config "
                "<config> again",
                race, race));
        const auto& url = web->public_url;
        // A printed sign outlives the address this laptop has today: it must be written down.
        if (results::names_every_interface(url)) {
            const auto here = ingest::network_addresses();
            throw results::Error(fmt::format(
                "{}: [web] public_url is {}, which no phone can open (it means every network "
                "interface of this laptop): set public_url to this laptop's address on the venue "
                "network, e.g. \"http://{}:{}/\"{}, and run finishline init again",
                race, url, here.empty() ? "192.168.1.10" : here.front(), web->listen.port,
                here.empty() ? "" : " (its address now)"));
        }
        const auto code = results::QrCode::encode(url);
        results::QrSignLayout layout;
        const auto sign = results::qr_sign(code, url, size, &layout);
        results::write_png(output, sign.width, sign.height, 1, sign.pixels);
        fmt::print("wrote {}: the QR code of {} (version {}, {} modules of {} px), {}x{} px\n",
                   output, url, code.version(), code.size(), layout.module_px, sign.width,
                   sign.height);
    });
}

}  // namespace fl::cli
