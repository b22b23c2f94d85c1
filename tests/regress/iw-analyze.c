/*
 * iw-analyze.c - test driver: runs analyze_main() exactly as
 * `ipsecwatch analyze` does, for the scenario tests and the benchmark
 * (the command table of src/ipsecwatch.c is wired by the lead).
 * IW_DEBUG=1 in the environment shows the tracker's debug log.
 */
#include "config.h"

#include <stdlib.h>

#include "analyze.h"
#include "log.h"

/* Run analyze with the arguments given. */
int
main(int argc, char **argv)
{
	log_init(LOG_TO_STDERR, getenv("IW_DEBUG") != NULL, "ipsecwatch");
	return (analyze_main(argc, argv));
}
