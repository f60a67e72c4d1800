	auipc t6,0x0
	add t6,t6,50
	auipc t1,0x0
	add t1,t1,30
	sd t1,8(a3)
	lw t4,4(a4)
	bne a2,t4,.Lout
	ld t4,0(a1)
	bne a5,t4,.Lout
	sd a0,0(a1)
	sd zero,8(a3)
.Lout:
