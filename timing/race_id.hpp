#pragma once
// The short, stable id of a race that names its MQTT topics (finishline/<race-id>/...): a
// site's race file and the central one, made from the same race config, derive the same id
// with nothing to copy between them.
#include <string>

#include "timing/config.hpp"

namespace fl::timing {

// The race's name folded to ASCII, lowered, every run of other characters one '-', cut to 24
// characters, then the date: "PyCon 5K Fun Run" on 2026-05-03 -> "pycon-5k-fun-run-20260503".
// A name with no Latin letters or digits gives "race-<8 hex digits of its FNV-1a>-<date>".
// Only [a-z0-9-]: safe in a topic, a client id and a file name.
std::string race_id(const RaceConfig& race);

}  // namespace fl::timing
