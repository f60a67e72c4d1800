	auipc t1,0x0
	add t1,t1,52
	sd t1,0(a4)
	auipc t1,0x0
	add t1,t1,30
	sd t1,8(a4)
	lw t4,4(a5)
	bne a3,t4,.Lout
	ld t1,0(a1)
	add t1,t1,a2
	sd t1,0(a1)
	sd zero,8(a4)
.Lout:
