	auipc t1,0x0
	add t1,t1,100
	sd t1,0(a0)
	auipc t1,0x0
	add t1,t1,78
	sd t1,8(a0)
	lw t4,4(a3)
	bne a2,t4,.Lout
	ld t4,0(a6)
	bne a4,t4,.Lout
	mv t2,a1
	mv t3,a5
	mv t5,a7
	beqz t5,.Lb11052
	nop 
	nop 
	nop 
	nop 
	nop 
.Lb11040:
	lbu t1,0(t2)
	sb t1,0(t3)
	add t2,t2,1
	add t3,t3,1
	add t5,t5,-1
	bnez t5,.Lb11040
.Lb11052:
	sd t6,0(a6)
	sd zero,8(a0)
.Lout:
