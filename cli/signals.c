/*
** cli/signals.c: an interrupted run leaves no temporary file behind.
**
** The handler removes the open temporary outputs (the only thing it does is
** unlink, which is async-signal-safe), then lets the signal take its default
** course, so the shell sees the process killed by SIGINT as it expects.
*/
#include <signal.h>
#include <string.h>

#include "cli.h"
#include "gapplan/output.h"

static void on_fatal_signal(int sig) {
    gp_outfile_cleanup_on_signal();
    /* SA_RESETHAND has restored the default action; the signal is delivered once the handler returns. */
    raise(sig);
}

void gp_cli_install_signal_cleanup(void) {
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction old;
        /* A signal the caller chose to ignore (nohup) stays ignored. */
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(signals[i], &sa, NULL);
    }
}
