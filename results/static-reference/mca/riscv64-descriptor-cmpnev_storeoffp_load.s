	auipc t1,0x81
	add t1,t1,-160
	sd t1,8(a5)
	lw t4,4(a5)
	bne a4,t4,.Lout
	ld t1,0(a3)
	beq a2,t1,.Lout
	sd t1,0(a1)
	add t1,t1,a0
	ld t1,0(t1)
	sd t1,0(a3)
.Lout:
