# Build options shared by every target: warnings, sanitizers, ccache, precompiled headers,
# and the helpers that declare a component library or a test program.

find_program(ANTEVORTA_CCACHE ccache)
if(ANTEVORTA_CCACHE)
  # pch_defines/time_macros let ccache cache objects compiled with a precompiled header.
  # base_dir + nohashdir: objects are reused across checkouts in different directories
  # (CI clones afresh every run).
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=1
      ${ANTEVORTA_CCACHE})
endif()

add_library(antevorta_warnings INTERFACE)
target_compile_options(antevorta_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                       -Wnon-virtual-dtor -Wconversion -Wno-sign-conversion)
if(ANTEVORTA_WERROR)
  target_compile_options(antevorta_warnings INTERFACE -Werror)
endif()

if(ANTEVORTA_SANITIZERS)
  add_compile_options(-fsanitize=${ANTEVORTA_SANITIZERS} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${ANTEVORTA_SANITIZERS})
endif()

set(ANTEVORTA_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" CACHE PATH
    "The shared/ reference directory (recorded wire messages); tests skip when absent")

# One precompiled header for libraries and one for tests. Every target reuses them.
function(antevorta_setup_pch)
  if(NOT ANTEVORTA_USE_PCH)
    return()
  endif()
  add_library(antevorta_pch STATIC ${PROJECT_SOURCE_DIR}/cmake/pch.cpp)
  target_link_libraries(antevorta_pch PRIVATE antevorta_warnings Boost::headers spdlog::spdlog
                        nlohmann_json::nlohmann_json)
  target_precompile_headers(antevorta_pch PRIVATE ${PROJECT_SOURCE_DIR}/cmake/pch.hpp)
  if(ANTEVORTA_BUILD_TESTS)
    add_library(antevorta_test_pch STATIC ${PROJECT_SOURCE_DIR}/cmake/pch.cpp)
    target_link_libraries(antevorta_test_pch PRIVATE antevorta_warnings Boost::headers
                          spdlog::spdlog nlohmann_json::nlohmann_json GTest::gtest GTest::gmock)
    target_precompile_headers(antevorta_test_pch PRIVATE ${PROJECT_SOURCE_DIR}/cmake/pch.hpp
                              ${PROJECT_SOURCE_DIR}/cmake/test_pch.hpp)
  endif()
endfunction()

# antevorta_component(<name> SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
# Declares the static library antevorta_<name> (alias antevorta::<name>) whose public
# headers live in include/antevorta/<name>/.
function(antevorta_component name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  set(target antevorta_${name})
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(antevorta::${name} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/include
                             PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${target} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS}
                        antevorta_warnings)
  if(TARGET antevorta_pch)
    target_link_libraries(${target} PRIVATE Boost::headers spdlog::spdlog
                          nlohmann_json::nlohmann_json)
    target_precompile_headers(${target} REUSE_FROM antevorta_pch)
  endif()
endfunction()

# antevorta_test(<name> SOURCES ... DEPS ...)
# A GoogleTest program; each test case becomes a CTest test (TIMEOUT seconds each, default
# 120).
function(antevorta_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main
                        antevorta_warnings Boost::headers spdlog::spdlog
                        nlohmann_json::nlohmann_json)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE antevorta_test_support)
  if(TARGET antevorta_test_pch)
    target_precompile_headers(${name} REUSE_FROM antevorta_test_pch)
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT ${ARG_TIMEOUT})
endfunction()
