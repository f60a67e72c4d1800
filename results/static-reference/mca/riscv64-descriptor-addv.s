	auipc t1,0x81
	add t1,t1,-94
	sd t1,8(a5)
	lw t4,4(a5)
	bne a4,t4,.Lout
	ld t1,0(a1)
	add t1,t1,a3
	sd t1,0(a1)
.Lout:
