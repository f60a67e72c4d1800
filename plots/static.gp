# SPDX-License-Identifier: MIT
# Static evidence per architecture: 2x2 (or 2x3 with a
# measured panel) grouped bar charts, groups = ops, bars = protocols.
#
#   gnuplot -e "load 'ARCH.vars'; datafile='ARCH.dat'; out='x.png'" \
#       plots/static.gp
#
# ARCH.vars (from plots/static.sh) sets arch, protos, nprotos, nops,
# core, timer, npanels (4 or 5), panel titles t1..t5; ARCH.dat rows:
#   "short-op" then nprotos columns for each panel in order
# (NaN for a missing cell).  Every panel title says what it is: static
# (from the object), modeled (llvm-mca, core) or measured (timer).

if (!exists("datafile") || !exists("out")) {
    print "static.gp: set datafile and out with -e"
    exit status 2
}
set encoding utf8
set datafile missing NaN
rows = (npanels > 4) ? 3 : 2
set terminal pngcairo size 1400, 380 * rows noenhanced \
    font "DejaVu Sans,10" background rgb "white"
set output out
colours = "#4477aa #ee6677 #228833 #ccbb44 #66ccee #aa3377 #bbbbbb #882255 #44aa99"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9 relative
set xtics nomirror scale 0
set ytics nomirror
set border 3
set grid ytics lc rgb "#dddddd"
set yrange [0:*]
set key outside top center horizontal font ",9"
set multiplot layout rows, 2 title sprintf("rseqbench %s: static / modeled%s", arch, (npanels > 4) ? " / measured" : "") font ",13"
do for [k = 1:npanels] {
    set title value(sprintf("t%d", k)) font ",11"
    set ylabel value(sprintf("y%d", k))
    plot for [i = 1:nprotos] datafile \
        using (column(1 + (k - 1) * nprotos + i)):xtic(1) \
        title word(protos, i) lc rgb word(colours, i)
}
unset multiplot
