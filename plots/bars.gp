# SPDX-License-Identifier: MIT
# Grouped bar chart with error bars: groups = ops, bars = protocols.
#
#   gnuplot -e "load 'CHART.vars'; datafile='CHART.dat'; \
#               term='png'; out='cycles.png'" plots/bars.gp
#
# term: png | svg | dumb.  CHART.vars and CHART.dat come from pivot.py:
# CHART.vars sets title, title_short, ylab, protos, colours, nprotos,
# nops; each row of CHART.dat is
#   "op" "short-op" p1 p1_lo p1_hi p2 p2_lo p2_hi ...
# (NaN for a missing cell).  Bar height = p, whisker = [p_lo, p_hi].

if (!exists("term")) term = 'png'
if (!exists("datafile") || !exists("out")) {
    print "bars.gp: set datafile and out with -e"
    exit status 2
}

set encoding utf8
set datafile missing NaN

if (term eq 'dumb') {
    set terminal dumb size 72,32 aspect 2,1 mono noenhanced
} else {
    w = 220 + 120 * nops + 22 * nops * nprotos
    if (w < 900) { w = 900 }
    if (term eq 'svg') {
        set terminal svg size w,560 dynamic noenhanced \
            font "DejaVu Sans,13" \
            background rgb "white"
    } else {
        set terminal pngcairo size w,560 noenhanced font "DejaVu Sans,11" \
            background rgb "white"
    }
}
set output out

set style data histograms
set style histogram errorbars gap 1 lw 1
set boxwidth 0.9 relative
set xrange [-0.6 : nops - 0.4]
set yrange [*<0:*]
set offsets 0, 0, graph 0.05, 0
set xtics nomirror scale 0
set ytics nomirror
set border 3
set xzeroaxis lt -1 lw 1

if (term eq 'dumb') {
    set title title_short
    set style fill empty
    # dumb draws no key samples for empty boxes: put each protocol's
    # bar character (the mono linetype character) in its title.
    set key outside top center horizontal Left samplen 0 spacing 1 width 1
    dumbchars = "*#$%@&=+"
    set ytics format "%g"
    # Short op names on the x axis; plot.sh prints the legend below.
    xcol = 2
} else {
    set title title font ",14"
    set ylabel ylab
    set style fill solid 0.85 border lt -1
    set key below center horizontal samplen 2 spacing 1.2 box width 1
    set grid ytics lt 0 lw 1 lc rgb "#bbbbbb"
    set errorbars lw 1.5 lc rgb "#000000"
    xcol = 1
}

if (term eq 'dumb') {
    plot for [i=1:nprotos] datafile \
        using (column(3*i)):(column(3*i+1)):(column(3*i+2)):xtic(xcol) \
        title sprintf("%s %s", dumbchars[i:i], word(protos, i))
} else {
    plot for [i=1:nprotos] datafile \
        using (column(3*i)):(column(3*i+1)):(column(3*i+2)):xtic(xcol) \
        title word(protos, i) lc rgb word(colours, i)
}
set output
