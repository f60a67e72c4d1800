	nop 
	addi 9,2,-22752
	std 9,8(10)
	lwz 0,4(10)
	cmpw 8,0
	bne .Lout
	ld 9,0(4)
	add 9,9,7
	std 9,0(4)
.Lout:
