// libsystemc defines main(), which calls sc_main; a libFuzzer binary has its
// own main(), but the library still needs the symbol.
extern "C" int sc_main(int, char**) { return 0; }
