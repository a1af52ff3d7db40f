#!/usr/bin/env python3
"""Prints a process's CPU time at the moment a file is first read, for bench/perf.

    bench/first-read.py FILE PID_FILE OUT

Waits (inotify IN_ACCESS, through libc) until some process reads FILE, then reads the PID in PID_FILE
and writes "cpu_ticks=<utime+stime of that PID> ms=<epoch ms>" to OUT, then one line per thread
that had used CPU by then ("thread <name> <ticks>"), most first. Start it after FILE is written
and before the reader starts; nothing else may read FILE meanwhile. The PID file may be written after
this starts (it is read only once the event has come).
"""
import ctypes
import os
import sys
import time

IN_ACCESS = 0x1


def main():
    path, pid_file, out = sys.argv[1:4]
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    fd = libc.inotify_init()
    if fd < 0 or libc.inotify_add_watch(fd, path.encode(), IN_ACCESS) < 0:
        sys.exit("first-read: inotify failed: " + os.strerror(ctypes.get_errno()))
    os.read(fd, 4096)  # blocks until the first read of FILE
    with open(pid_file) as f:
        pid = f.read().strip()
    with open("/proc/%s/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat(5)
    threads = []
    for tid in os.listdir("/proc/%s/task" % pid):
        try:
            with open("/proc/%s/task/%s/comm" % (pid, tid)) as f:
                name = f.read().strip()
            with open("/proc/%s/task/%s/stat" % (pid, tid)) as f:
                t = f.read().rsplit(")", 1)[1].split()
            threads.append((int(t[11]) + int(t[12]), name))
        except OSError:
            pass
    with open(out, "w") as f:
        f.write("cpu_ticks=%d ms=%d\n" % (ticks, int(time.time() * 1000)))
        for t, name in sorted(threads, reverse=True):
            if t > 0:
                f.write("thread %s %d\n" % (name.replace(" ", "_"), t))


if __name__ == "__main__":
    main()
