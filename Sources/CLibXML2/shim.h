#ifndef FEEDD_CLIBXML2_SHIM_H
#define FEEDD_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU, and libxml/encoding.h then includes the system ICU
   headers, whose UErrorCode clashes with Foundation's bundled ICU in any Swift file that
   imports both. Nothing here uses libxml2's ICU converters (only a pointer to the handler
   struct, whose trailing ICU fields this drops), so leave ICU out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
#include <libxml/xmlreader.h>

/* xmlFree is a global function pointer, which Swift 6 refuses to read without a data-race
   warning: memory libxml2 hands out is freed through this instead. */
static inline void feedd_xmlFree(void *pointer) { xmlFree(pointer); }
#endif
