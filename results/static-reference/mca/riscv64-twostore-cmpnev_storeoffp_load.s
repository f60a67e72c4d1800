	auipc t1,0x0
	add t1,t1,64
	sd t1,0(a4)
	auipc t1,0x0
	add t1,t1,42
	sd t1,8(a4)
	lw t4,4(a5)
	bne a3,t4,.Lout
	ld t1,0(a0)
	beq a2,t1,.Lout
	sd t1,0(a1)
	add t1,t1,a6
	ld t1,0(t1)
	sd t1,0(a0)
	sd zero,8(a4)
.Lout:
