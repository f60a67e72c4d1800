	ld t4,0(a2)
	beq a1,t4,.Lb16f38
	j .Lout
.Lb16f38:
	mv t2,a0
	mv t3,a4
	mv t5,a5
	beqz t5,.Lb16f72
	nop 
	nop 
	nop 
	nop 
	nop 
	nop 
	nop 
	nop 
.Lb16f60:
	lbu t1,0(t2)
	sb t1,0(t3)
	add t2,t2,1
	add t3,t3,1
	add t5,t5,-1
	bnez t5,.Lb16f60
.Lb16f72:
	sd a6,0(a2)
.Lout:
