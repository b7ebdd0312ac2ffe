// Writes the GUI tests' sample race (a race in progress right now) into a new race file, for
// the README pictures and for measuring the window by hand:
//   fl_gui_sample_race RACE.db [RUNNERS [WEB_LISTEN]]   then   finishline serve RACE.db --gui
// With WEB_LISTEN ("127.0.0.1:0") the race also has a [web] section: the pages' pictures.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

#include "tests/gui/sample_race.hpp"

int main(int argc, char** argv) {
    if (argc < 2 || argc > 4) {
        std::fprintf(stderr, "usage: fl_gui_sample_race RACE.db [RUNNERS [WEB_LISTEN]]\n");
        return 2;
    }
    try {
        fl::test::SampleOptions o;
        if (argc >= 3) o.runners = std::stoi(argv[2]);
        // What a console sees at a real finish: a chip left by the mat, a wheelchair category.
        o.stray_chip_reads = 249;
        o.wheelchair = 3;
        // Fixed ports, as a race config on a real machine would have them.
        o.marshal_listen = "127.0.0.1:4001";
        o.finish_listen = "127.0.0.1:61611";
        o.start_listen = "127.0.0.1:3097";
        // Live results for phones: the board shows the QR code of this address.
        o.web = "listen = \"127.0.0.1:8080\"\npublic_url = \"http://192.168.1.10:8080/\"";
        if (argc == 4) o.web = std::string("listen = \"") + argv[3] + "\"";  // the pages' pictures
        const auto path = std::filesystem::absolute(argv[1]);
        fl::test::write_sample_race(path.string(), path.parent_path().string(), o);
        std::printf("%s: %d runners, a 10K and a 5K under way\n", path.c_str(), o.runners);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fl_gui_sample_race: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
