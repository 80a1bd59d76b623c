#ifndef LINTAS_CYAML_SHIM_H
#define LINTAS_CYAML_SHIM_H
#include <yaml.h>
#endif
