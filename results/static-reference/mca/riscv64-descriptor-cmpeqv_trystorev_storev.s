	auipc t1,0x81
	add t1,t1,-214
	sd t1,8(a3)
	lw t4,4(a3)
	bne a2,t4,.Lout
	ld t4,0(a0)
	bne a4,t4,.Lout
	sd a5,0(a1)
	sd a6,0(a0)
.Lout:
