# SPDX-License-Identifier: MIT
# The overhead chart of bars.gp, one panel per machine, side by side
# (plots/report.py writes the data and runs it):
#
#   gnuplot -e "dir='TMP'; n=N; w=WIDTH; out='report.png'" plots/report.gp
#
# TMP/mI.vars and TMP/mI.dat (I = 0..N-1) come from pivot.write_chart:
# the title (the machine), title_short (its CPU and timer), ylab,
# protos, colours, nprotos, nops; rows "op" "short-op" p p_lo p_hi ...
# Each panel keeps its own y axis: machines differ in clock and in how
# cycles are had (PMU or estimated), and an emulated one is no CPU.

if (!exists("dir") || !exists("n") || !exists("out")) {
    print "report.gp: set dir, n, w and out with -e"
    exit status 2
}

set encoding utf8
set datafile missing NaN
set terminal pngcairo size w,680 noenhanced font "DejaVu Sans,10" \
    background rgb "white"
set output out

set style data histograms
set style histogram errorbars gap 1 lw 1
set style fill solid 0.85 border lt -1
set boxwidth 0.9 relative
set yrange [*<0:*]
set offsets 0, 0, graph 0.05, 0
set xtics nomirror scale 0 rotate by -40
set ytics nomirror
set border 3
set xzeroaxis lt -1 lw 1
set key below center horizontal samplen 2 spacing 1.2 box width 1
set grid ytics lt 0 lw 1 lc rgb "#bbbbbb"
set errorbars lw 1.5 lc rgb "#000000"
set bmargin 13

set multiplot layout 1, n
do for [i=0:n-1] {
    load sprintf("%s/m%d.vars", dir, i)
    datafile = sprintf("%s/m%d.dat", dir, i)
    set title title . "\n" . title_short font ",11"
    set ylabel ylab
    set xrange [-0.6 : nops - 0.4]
    plot for [k=1:nprotos] datafile \
        using (column(3*k)):(column(3*k+1)):(column(3*k+2)):xtic(1) \
        title word(protos, k) lc rgb word(colours, k)
}
unset multiplot
set output
