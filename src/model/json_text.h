/* SPDX-License-Identifier: Apache-2.0 */
/* Strict JSON text to a json-c object, errors with line and column. */
#pragma once

#include <stddef.h>

#include <json-c/json.h>

#include "util/error.h"

/*
 * Parses text (len bytes) into a new reference to a JSON object. Errors read
 * "<origin>: line L, column C: <what>" or "<origin>: expected a JSON object at the top level".
 */
int json_text_parse(const char *text, size_t len, const char *origin, json_object **out, struct error *err);
