#include "hpy.h"
#include "handles.h"

#include "hpy/runtime/ctx_funcs.h"
#include "hpy/runtime/ctx_type.h"
#include "ctx_meth.h"
#include "ctx_misc.h"

#include "autogen_ctx_impl.h"
#include "autogen_ctx_def.h"
