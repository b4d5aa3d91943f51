// Where tests find the source tree, the shared reference files and the built binary.
// The paths are compiled into one small generated file (paths.cpp.in), so the tests' own
// objects stay independent of the checkout location and ccache can reuse them.
#pragma once

#include <filesystem>

namespace antevorta::test {

std::filesystem::path source_dir();
// ../shared beside the checkout (recorded wire messages); may not exist — skip then.
std::filesystem::path shared_dir();
std::filesystem::path antevorta_binary();

}  // namespace antevorta::test
