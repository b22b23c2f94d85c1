/*
 * analyze.h - `ipsecwatch analyze`: run the engine (parse -> track) over
 * log files offline, with a clock that follows the log's own timestamps,
 * and report per tunnel and the alerts that would have fired.
 */
#ifndef IW_ANALYZE_H
#define IW_ANALYZE_H

/*
 * ipsecwatch analyze [--json] [--config FILE] [--year Y] [--lang en|de] FILE...
 * Returns the exit status: 0 ok, 1 a file or the config could not be read,
 * 2 usage error.
 */
int	analyze_main(int argc, char **argv);

/*
 * Order a list of log file names for reading: members of a rotated set
 * (auth.log.3.gz, auth.log.2.gz, auth.log.1, auth.log) oldest first, sets
 * in the order their first member was given.  Sorts names in place.
 */
void	analyze_order_files(char **names, int n);

#endif
