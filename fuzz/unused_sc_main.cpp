// libsystemc defines main(), which calls sc_main. The fuzz binaries have
// their own main() (libFuzzer's, or replay_main.cpp's) and never start a
// simulation, but the library still needs the symbol.
extern "C" int sc_main(int, char**) { return 0; }
