	nop 
	addi 9,2,-22560
	std 9,8(8)
	lwz 0,4(8)
	cmpw 7,0
	bne .Lout
	ld 0,0(4)
	cmpd 10,0
	bne .Lout
	std 6,0(4)
	li 0,0
	std 0,8(8)
.Lout:
