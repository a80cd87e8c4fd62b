/*
** gapplan.h: the whole public API of libgapplan.
**
**   load:   gp_plan_load_file()          (gapplan/plan.h)
**   run:    gp_model_run()               (gapplan/model.h)
**   report: gp_result_write_json(), ... (gapplan/output.h)
*/
#ifndef GAPPLAN_H
#define GAPPLAN_H

#include "gapplan/version.h"
#include "gapplan/error.h"
#include "gapplan/calendar.h"
#include "gapplan/plan.h"
#include "gapplan/result.h"
#include "gapplan/model.h"
#include "gapplan/output.h"
#include "gapplan/text.h"
#include "gapplan/hash.h"

#endif
