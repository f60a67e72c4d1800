	nop 
	addi 9,2,-22528
	std 9,8(10)
	lwz 0,4(10)
	cmpw 8,0
	bne .Lout
	ld 9,0(7)
	cmpd 6,9
	beq .Lout
	std 9,0(4)
	add 9,9,11
	ld 9,0(9)
	std 9,0(7)
	li 0,0
	std 0,8(10)
.Lout:
