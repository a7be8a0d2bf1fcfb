"""`t3gui monitor`: the live monitor without a window, for Prometheus and log files (Qt-free).

One ``checks.monitor.Monitor`` a target, the same engine the app's monitor page runs; this
package only turns what it yields into metrics, JSON lines and progress lines.
"""
