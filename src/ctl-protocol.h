/*
 * ctl-protocol.h - the wire format of the status socket, shared by the
 * daemon (ctl.c) and the command line (ipsecwatch.c).
 *
 * A client connects to the unix stream socket and sends ONE request line
 * (terminated by "\n", at most CTL_MAX_REQUEST bytes including it), either
 *
 *	{"command": "status", "args": []}	(what ipsecwatch sends), or
 *	status					(words separated by blanks, for
 *						 people with socat)
 *
 * The daemon answers with ONE line holding a JSON object and closes the
 * connection.  Every reply has
 *
 *	"version": CTL_PROTOCOL_VERSION,
 *	"ok": true | false,
 *	"error": "message"		(only when ok is false)
 *
 * plus the command's own members.  A failed "reload" also carries
 * "errors": ["file:line: message", ...].
 *
 * Bump CTL_PROTOCOL_VERSION if you change the format or the meaning of a
 * member; adding members or commands is compatible.
 */
#ifndef IW_CTL_PROTOCOL_H
#define IW_CTL_PROTOCOL_H

#define CTL_PROTOCOL_VERSION	1

#define CTL_MAX_REQUEST		4096	/* bytes in a request line, "\n" included */
#define CTL_MAX_ARGS		32	/* words after the command */

#endif
