// Test-only additions to the precompiled header.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>
