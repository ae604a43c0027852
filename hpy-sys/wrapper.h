/* What hpy-sys binds: HPy 0.9.0's public header in universal-ABI mode. */
#define HPY_ABI_UNIVERSAL
#include "hpy.h"
