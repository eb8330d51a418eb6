#include "app/cli.h"

int main(int argc, char** argv) {
    return opsdesk::server::runCommandLine(argc, argv);
}
