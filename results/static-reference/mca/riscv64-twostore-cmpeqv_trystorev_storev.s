	auipc t1,0x0
	add t1,t1,56
	sd t1,0(a0)
	auipc t1,0x0
	add t1,t1,34
	sd t1,8(a0)
	lw t4,4(a3)
	bne a2,t4,.Lout
	ld t4,0(a6)
	bne a4,t4,.Lout
	sd a5,0(a1)
	sd a7,0(a6)
	sd zero,8(a0)
.Lout:
