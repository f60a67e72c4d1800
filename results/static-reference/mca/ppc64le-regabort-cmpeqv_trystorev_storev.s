	addis 11,2,-18
	addi 11,11,-25764
	addis 9,2,-18
	addi 9,9,-25780
	std 9,8(7)
	lwz 0,4(8)
	cmpw 6,0
	bne .Lout
	ld 0,0(5)
	cmpd 10,0
	bne .Lout
	std 12,0(4)
	std 3,0(5)
	li 0,0
	std 0,8(7)
.Lout:
