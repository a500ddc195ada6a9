// Placeholder until the SDL platform layer lands (same session).
int main() { return 0; }
