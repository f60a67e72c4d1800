	nop 
	addi 9,2,-22656
	std 9,8(8)
	lwz 0,4(8)
	cmpw 7,0
	bne .Lout
	ld 0,0(6)
	cmpd 10,0
	bne .Lout
	std 11,0(4)
	std 5,0(6)
.Lout:
