	auipc t1,0x81
	add t1,t1,-562
	sd t1,8(a3)
	lw t4,4(a3)
	bne a2,t4,.Lout
	ld t4,0(a0)
	bne a4,t4,.Lout
	mv t2,a1
	mv t3,a5
	mv t5,a6
	beqz t5,.Lb113b2
	nop 
	nop 
.Lb113a0:
	lbu t1,0(t2)
	sb t1,0(t3)
	add t2,t2,1
	add t3,t3,1
	add t5,t5,-1
	bnez t5,.Lb113a0
.Lb113b2:
	sd a7,0(a0)
	sd zero,8(a3)
.Lout:
