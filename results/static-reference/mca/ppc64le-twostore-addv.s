	addis 9,2,-18
	addi 9,9,-25264
	std 9,0(8)
	addis 9,2,-18
	addi 9,9,-25280
	std 9,8(8)
	lwz 0,4(10)
	cmpw 7,0
	bne .Lout
	ld 9,0(4)
	add 9,9,6
	std 9,0(4)
	li 0,0
	std 0,8(8)
.Lout:
