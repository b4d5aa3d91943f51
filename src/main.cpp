#include "cli/cli.hpp"

int main(int argc, char** argv) { return antevorta::cli::main(argc, argv); }
