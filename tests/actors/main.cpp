#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <caf/init_global_meta_objects.hpp>

int main(int argc, char** argv) {
  doctest::Context context{argc, argv};
  return context.run();
}
