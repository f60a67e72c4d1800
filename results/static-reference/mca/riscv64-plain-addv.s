	ld t1,0(a4)
	add t1,t1,a5
	sd t1,0(a4)
.Lout:
