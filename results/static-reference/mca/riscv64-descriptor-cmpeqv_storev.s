	auipc t1,0x81
	add t1,t1,-126
	sd t1,8(a4)
	lw t4,4(a4)
	bne a3,t4,.Lout
	ld t4,0(a1)
	bne a5,t4,.Lout
	sd a2,0(a1)
.Lout:
